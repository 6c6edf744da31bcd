import { describe, expect, it } from 'vitest';
import { findLink, parseFirstForm } from './parse-first-form.js';

describe('parseFirstForm', () => {
  it('reads the first form: action resolved and decoded, method, named inputs across lines', () => {
    const html = `<p>hi</p>
      <form id="op.deviceInputForm" novalidate method="post" action="/device?a=1&amp;b=2">
        <input type="hidden" name="xsrf" value="x&quot;y"/>
        <input
          type="text" name="user_code" placeholder="Enter code" autofocus autocomplete="off"></input>
        <input type="submit">
      </form>
      <form action="/second"><input name="other" value="1"></form>`;
    const form = parseFirstForm(html, 'http://127.0.0.1:4000/device');
    expect(form).toEqual({
      action: 'http://127.0.0.1:4000/device?a=1&b=2',
      method: 'POST',
      fields: [
        { name: 'xsrf', value: 'x"y', type: 'hidden' },
        { name: 'user_code', value: '', type: 'text' },
      ],
    });
  });

  it('defaults to GET on the page URL and returns undefined without a form', () => {
    expect(parseFirstForm('<form><input name="q" value=\'v\'></form>', 'http://127.0.0.1:1/page')).toEqual({
      action: 'http://127.0.0.1:1/page',
      method: 'GET',
      fields: [{ name: 'q', value: 'v', type: 'text' }],
    });
    expect(parseFirstForm('<p>no form</p>', 'http://127.0.0.1:1/')).toBeUndefined();
  });
});

describe('findLink', () => {
  it('finds the link whose path ends with the suffix', () => {
    const html = '<a href="/help">help</a><a href="/interaction/abc/abort">[ Cancel ]</a>';
    expect(findLink(html, 'http://127.0.0.1:1/interaction/abc', '/abort')).toBe(
      'http://127.0.0.1:1/interaction/abc/abort',
    );
    expect(findLink(html, 'http://127.0.0.1:1/', '/missing')).toBeUndefined();
  });
});
