#!/usr/bin/env node
// The benchmark's upstream: the testkit fake upstream in its own process, answering every
// request with the same short streamed answer. Prints `{"port":N}` once listening.
import { startFakeUpstream } from '@switchboard/testkit';
import { ANSWER_CHUNKS } from './bench-config.js';

const upstream = await startFakeUpstream({
  recordRequests: false,
  defaultBehavior: {
    kind: 'text',
    chunks: ANSWER_CHUNKS,
    usage: { inputTokens: 12, outputTokens: ANSWER_CHUNKS.length },
  },
});
process.stdout.write(`${JSON.stringify({ port: upstream.port })}\n`);
const stop = async () => {
  await upstream.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
