/**
 * Request bodies described inline rather than by `$ref` to a shared component. A schema property with a `default`
 * (TranslationRequest.format, PutRecord.format) may be omitted by the client; openapi-typescript — with its default
 * options, as partners run it — keeps such a property optional only where the schema sits under a `requestBody`, and
 * makes it required inside `components/schemas`. Inlining keeps the default described and the generated client
 * type-checking. A component no longer referenced after inlining is dropped.
 */
export function inlineRequestBodySchemas<T extends object>(document: T): T {
  const doc = structuredClone(document) as {
    paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const schemas = doc.components?.schemas ?? {};
  const inlined = new Set<string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const media of Object.values(operation?.requestBody?.content ?? {})) {
        const name = componentName(media.schema);
        if (name === undefined || schemas[name] === undefined) continue;
        media.schema = structuredClone(schemas[name]);
        inlined.add(name);
      }
    }
  }
  const text = JSON.stringify(doc);
  for (const name of inlined) {
    if (!text.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  return doc as T;
}

function componentName(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  const prefix = "#/components/schemas/";
  return typeof ref === "string" && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}
