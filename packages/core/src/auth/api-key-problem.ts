/**
 * Why `key` cannot be an API key, if it cannot: whitespace inside it, or a control character
 * (an escape sequence or a bracketed-paste marker swept up with a paste, a stray NUL). Such a
 * key would be refused upstream anyway, and later printed raw it could drive the terminal.
 * The reason never quotes the key.
 */
export function apiKeyProblem(key: string): string | undefined {
  // C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/.test(key))
    return 'contains control characters (an escape sequence or paste marker?)';
  if (/\s/.test(key)) return 'contains whitespace';
  return undefined;
}
