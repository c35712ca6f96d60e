import { main } from "./main.ts";

// The bundled program's entry: run the command line, exit with its code.
process.exitCode = await main(process.argv.slice(2));
