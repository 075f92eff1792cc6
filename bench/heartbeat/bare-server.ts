import { createServer } from 'node:http';

// the reference for the intake benchmark: node:http that reads the body, parses it as JSON and
// answers 204, nothing else. Heartbeat intake cannot be faster than this on the same core, so
// intake / bare is a figure that holds on a loaded machine too.
// usage: node bare-server.js <port>
const port = Number(process.argv[2] ?? 0);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: typeof address === 'object' && address ? address.port : port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
