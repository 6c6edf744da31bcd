/**
 * The small page the loopback listener shows in the browser after a sign-in callback.
 * Text is HTML-escaped; the page never shows the code or state.
 */
export function renderCallbackPage(outcome: { ok: boolean; title: string; message: string }): string {
  const color = outcome.ok ? '#137333' : '#b3261e';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard · ${escapeHtml(outcome.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f1f1f}h1{color:${color};font-size:1.4rem}</style>
</head>
<body><h1>${escapeHtml(outcome.title)}</h1><p>${escapeHtml(outcome.message)}</p></body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
