import express from 'express';

// the benchmarked agent: an express hello-world, run bare or under the register preload.
const app = express();
app.get('/', (_req, res) => {
  res.send('hello');
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 }));
});
