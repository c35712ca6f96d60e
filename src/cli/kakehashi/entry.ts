import { main, where } from "./main.ts";

// The bundled program's entry: run the command line, exit with its code. Code-split chunks live in a subfolder, so the
// entry says where the bundle is.
where.bundle = import.meta.url;
process.exitCode = await main(process.argv.slice(2));
