import type { DescMethod } from "@bufbuild/protobuf";

/** Where the Connect protocol sends `method`: `<baseUrl>/<package.Service>/<Method>`. */
export function procedureUrl(baseUrl: string, method: DescMethod): string {
  return `${baseUrl}/${method.parent.typeName}/${method.name}`;
}
