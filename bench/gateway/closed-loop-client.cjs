// A closed-loop load client in its own process: `count` POST /v1/chat/completions requests,
// `concurrency` at a time, each read to its end; exits 1 on any status but 200. The token and
// the body come on stdin (never argv). CommonJS, so it starts without the ESM loader.
// Usage: node bench/gateway/closed-loop-client.cjs <port> <count> <concurrency> < {"token","body"}
const { request, Agent } = require('node:http');

const [port, count, concurrency] = process.argv.slice(2).map(Number);
let input = '';
process.stdin
  .on('data', (data) => (input += data))
  .on('end', () => {
    const { token, body } = JSON.parse(input);
    const agent = new Agent({ keepAlive: true });
    const one = () =>
      new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            path: '/v1/chat/completions',
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (answer) => {
            if (answer.statusCode === 200) {
              answer.resume();
              answer.on('end', resolve);
              return;
            }
            // What went wrong, as the gateway said it (its error body names no secret).
            let text = '';
            answer.on('data', (data) => (text += data));
            answer.on('end', () => reject(new Error(`status ${answer.statusCode}: ${text.slice(0, 500)}`)));
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    let sent = 0;
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent++ < count) await one();
      }),
    ).then(
      () => process.exit(0),
      (error) => {
        console.error(error.message);
        process.exit(1);
      },
    );
  });
