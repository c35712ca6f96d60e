// The machine's ceiling for comparison: a bare node:http server answering a constant, on the port given.
import { createServer } from "node:http";

const body = JSON.stringify({ status: "ok" });
createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
}).listen(Number(process.argv[2]), "127.0.0.1");
