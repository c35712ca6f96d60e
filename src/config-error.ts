/** A configuration a runtime cannot serve with: one line per problem, each naming the setting (Node's or the Worker's). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join("\n")}`);
    this.name = "ConfigError";
  }
}
