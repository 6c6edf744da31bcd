/** What every benchmark request asks for and what the upstream answers. */
export const ANSWER_CHUNKS = [
  'Switchboard ',
  'benchmark ',
  'answer ',
  'in ',
  'eight ',
  'short ',
  'streamed ',
  'chunks.',
];
export const ANSWER_TEXT = ANSWER_CHUNKS.join('');
/** A catalog model added in config.toml: the openai provider over the chat completions wire. */
export const BENCH_MODEL = 'bench-chat';
/** The upstream API key of the Switchboard session (and of direct/Portkey requests). */
export const UPSTREAM_KEY = 'sk-bench-upstream-000000000000000000';
export const MESSAGES = [{ role: 'user', content: 'Say something short.' }];

/** The config.toml of a benchmark home: OpenAI at the fake upstream, the bench model on the chat wire. */
export function benchConfigToml(upstreamPort) {
  return [
    '[providers.openai]',
    `api_base = "http://127.0.0.1:${upstreamPort}/openai/v1"`,
    '',
    `[models."${BENCH_MODEL}"]`,
    'provider = "openai"',
    'transport = "openai-chat"',
    'methods = ["api-key"]',
    `upstream_id = "${BENCH_MODEL}"`,
    'context_window = 128000',
    'price = { input = 0, output = 0 }',
    '',
  ].join('\n');
}
