import { describe, expect, it } from 'vitest';
import { SwitchboardError, isSwitchboardError } from '../errors.js';
import { parsePastedAuthorizationResponse } from './parse-pasted-authorization-response.js';

const STATE = 'expected-state-1';
const CODE = 'canary-code-7f3a9c';

function failure(input: string): SwitchboardError {
  try {
    parsePastedAuthorizationResponse(input, { expectedState: STATE, provider: 'openai' });
  } catch (error) {
    if (error instanceof SwitchboardError) {
      // The pasted text may hold a live code: it must never be echoed.
      expect(error.message).not.toContain(CODE);
      return error;
    }
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parsePastedAuthorizationResponse', () => {
  it('accepts the full redirect URL from the address bar', () => {
    const pasted = parsePastedAuthorizationResponse(
      `http://127.0.0.1:1455/auth/callback?code=${CODE}&scope=openid&state=${STATE}&iss=https%3A%2F%2Fauth.example`,
      {
        expectedState: STATE,
      },
    );
    expect(pasted).toEqual({ code: CODE, state: STATE, iss: 'https://auth.example' });
  });

  it('accepts the URL with surrounding whitespace and quotes', () => {
    expect(
      parsePastedAuthorizationResponse(`  "http://localhost:8085/oauth2callback?state=${STATE}&code=${CODE}"\n`, {
        expectedState: STATE,
      }).code,
    ).toBe(CODE);
  });

  it('accepts only the query string', () => {
    expect(parsePastedAuthorizationResponse(`?code=${CODE}&state=${STATE}`, { expectedState: STATE })).toEqual({
      code: CODE,
      state: STATE,
    });
    expect(parsePastedAuthorizationResponse(`code=${CODE}&state=${STATE}`, { expectedState: STATE })).toEqual({
      code: CODE,
      state: STATE,
    });
  });

  it('accepts a response in the URL fragment', () => {
    expect(
      parsePastedAuthorizationResponse(`http://127.0.0.1:9/cb#code=${CODE}&state=${STATE}`, { expectedState: STATE })
        .code,
    ).toBe(CODE);
  });

  it('accepts a bare code, and code#state with the state verified', () => {
    expect(parsePastedAuthorizationResponse(CODE, { expectedState: STATE })).toEqual({ code: CODE });
    expect(parsePastedAuthorizationResponse(`${CODE}#${STATE}`, { expectedState: STATE })).toEqual({
      code: CODE,
      state: STATE,
    });
    expect(failure(`${CODE}#other-state`).code).toBe('OAUTH_STATE_MISMATCH');
  });

  it('rejects a URL with another state as OAUTH_STATE_MISMATCH', () => {
    const error = failure(`http://127.0.0.1:1455/auth/callback?code=${CODE}&state=someone-elses`);
    expect(error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(error.isRetryable).toBe(false);
  });

  it('rejects a URL without state as OAUTH_STATE_MISMATCH', () => {
    expect(failure(`http://127.0.0.1:1455/auth/callback?code=${CODE}`).code).toBe('OAUTH_STATE_MISMATCH');
  });

  it('reports an error response as OAUTH_FAILED', () => {
    const error = failure(`http://127.0.0.1:1455/auth/callback?error=access_denied&state=${STATE}`);
    expect(error.code).toBe('OAUTH_FAILED');
    expect(error.message).toContain('access_denied');
  });

  it('explains when the sign-in URL itself was pasted', () => {
    const error = failure(
      `https://auth.example/authorize?client_id=x&response_type=code&state=${STATE}&code_challenge=${CODE}`,
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/sign-in address itself/);
  });

  it('rejects empty and garbage input as INVALID_INPUT without echoing it', () => {
    expect(failure('   ').code).toBe('INVALID_INPUT');
    expect(isSwitchboardError(failure(`not a code ${CODE}`), 'INVALID_INPUT')).toBe(true);
    expect(failure(`http://127.0.0.1:1455/auth/callback?state=${STATE}`).code).toBe('INVALID_INPUT');
    expect(failure('http://[broken').code).toBe('INVALID_INPUT');
  });
});
