import type { UpstreamProtocol, UpstreamProvider } from './types.js';

/** Which fake a request path addresses. */
export interface MatchedRoute {
  provider: UpstreamProvider;
  protocol: UpstreamProtocol;
  /** Model or deployment named in the URL (otherwise it is read from the body). */
  urlModel?: string;
  /** Streaming decided by the URL (Gemini, Vertex, Bedrock); otherwise `body.stream`. */
  urlStream?: boolean;
  /** For `codeassist-setup`: the Code Assist method (`loadCodeAssist`, `onboardUser`). */
  method?: string;
}

interface RouteRule {
  method: 'GET' | 'POST';
  pattern: RegExp;
  route: (match: RegExpExecArray) => MatchedRoute;
}

/** A route whose path names the model (group 1) and the method (group 2); `streamingMethod` streams. */
function modelAndMethodInPath(
  provider: UpstreamProvider,
  protocol: UpstreamProtocol,
  streamingMethod: string,
): RouteRule['route'] {
  return (match) => ({
    provider,
    protocol,
    urlModel: decodeURIComponent(match[1] ?? ''),
    urlStream: match[2] === streamingMethod,
  });
}

const VERTEX_PREFIX = String.raw`^/vertex/v1(?:beta1)?/projects/[^/]+/locations/[^/]+/publishers`;

const RULES: readonly RouteRule[] = [
  {
    method: 'POST',
    pattern: /^\/openai\/v1\/chat\/completions$/,
    route: () => ({ provider: 'openai', protocol: 'openai-chat' }),
  },
  {
    method: 'POST',
    pattern: /^\/openai\/v1\/responses$/,
    route: () => ({ provider: 'openai', protocol: 'openai-responses' }),
  },
  { method: 'GET', pattern: /^\/openai\/v1\/models$/, route: () => ({ provider: 'openai', protocol: 'models' }) },
  {
    method: 'POST',
    pattern: /^\/chatgpt\/backend-api\/codex\/responses$/,
    route: () => ({ provider: 'codex', protocol: 'openai-responses' }),
  },
  {
    method: 'GET',
    pattern: /^\/chatgpt\/backend-api\/wham\/usage$/,
    route: () => ({ provider: 'codex', protocol: 'codex-usage' }),
  },
  {
    method: 'POST',
    pattern: /^\/anthropic\/v1\/messages$/,
    route: () => ({ provider: 'anthropic', protocol: 'anthropic-messages' }),
  },
  {
    method: 'POST',
    pattern: /^\/anthropic\/v1\/messages\/count_tokens$/,
    route: () => ({ provider: 'anthropic', protocol: 'anthropic-count-tokens' }),
  },
  { method: 'GET', pattern: /^\/anthropic\/v1\/models$/, route: () => ({ provider: 'anthropic', protocol: 'models' }) },
  {
    method: 'POST',
    pattern: /^\/gemini\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/,
    route: modelAndMethodInPath('gemini', 'gemini', 'streamGenerateContent'),
  },
  {
    method: 'GET',
    pattern: /^\/gemini\/v1(?:beta)?\/models$/,
    route: () => ({ provider: 'gemini', protocol: 'models' }),
  },
  {
    method: 'POST',
    pattern: /^\/codeassist\/v1internal:(generateContent|streamGenerateContent)$/,
    route: (match) => ({ provider: 'codeassist', protocol: 'gemini', urlStream: match[1] === 'streamGenerateContent' }),
  },
  {
    method: 'POST',
    pattern: /^\/codeassist\/v1internal:(loadCodeAssist|onboardUser)$/,
    route: (match) => ({ provider: 'codeassist', protocol: 'codeassist-setup', method: match[1] ?? '' }),
  },
  {
    method: 'POST',
    pattern: /^\/mistral\/v1\/chat\/completions$/,
    route: () => ({ provider: 'mistral', protocol: 'mistral-chat' }),
  },
  { method: 'GET', pattern: /^\/mistral\/v1\/models$/, route: () => ({ provider: 'mistral', protocol: 'models' }) },
  {
    method: 'POST',
    pattern: /^\/azure\/openai\/deployments\/([^/]+)\/(chat\/completions|responses)$/,
    route: (match) => ({
      provider: 'azure',
      protocol: match[2] === 'responses' ? 'openai-responses' : 'openai-chat',
      urlModel: decodeURIComponent(match[1] ?? ''),
    }),
  },
  {
    method: 'POST',
    pattern: /^\/azure\/openai(?:\/v1)?\/(chat\/completions|responses)$/,
    route: (match) => ({ provider: 'azure', protocol: match[1] === 'responses' ? 'openai-responses' : 'openai-chat' }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${VERTEX_PREFIX}/google/models/([^/:]+):(generateContent|streamGenerateContent)$`),
    route: modelAndMethodInPath('vertex', 'gemini', 'streamGenerateContent'),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${VERTEX_PREFIX}/anthropic/models/([^/:]+):(rawPredict|streamRawPredict)$`),
    route: modelAndMethodInPath('vertex', 'anthropic-messages', 'streamRawPredict'),
  },
  {
    method: 'POST',
    pattern: /^\/bedrock\/model\/([^/]+)\/(converse|converse-stream)$/,
    route: modelAndMethodInPath('bedrock', 'bedrock-converse', 'converse-stream'),
  },
];

export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  for (const rule of RULES) {
    if (rule.method !== method) continue;
    const match = rule.pattern.exec(pathname);
    if (match) return rule.route(match);
  }
  return undefined;
}
