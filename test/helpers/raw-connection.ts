import { connect, type Socket } from "node:net";

/**
 * A raw TCP connection to a server on this machine, for tests that send a request's bytes themselves (a request left
 * half-sent across a signal, a client that stalls): `answer` is everything the server sent, once it closed. Resolves
 * when connected; rejects when the connection is refused. An error after that (a reset at shutdown) only ends it.
 */
export function rawConnection(port: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
    });
    const answer = new Promise<string>((done) => socket.on("close", () => done(text)));
    socket.on("error", () => {});
    socket.once("connect", () => resolve({ socket, answer }));
    socket.once("error", reject);
  });
}
