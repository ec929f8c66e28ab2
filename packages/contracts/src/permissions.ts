// The `@sgkit/contracts/permissions` entry: the explicitrepopermissions.v1 schema generated from proto/ by
// protoc-gen-es: message types and their `*Schema` descriptors for `create`, `toJson`, `fromJson`, `toBinary` and
// `fromBinary` of @bufbuild/protobuf, and `Service` for Connect clients and servers. `@sgkit/permissions`
// re-exports all of it from its main entry.

export * from "./gen/proto/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
