// The explicitrepopermissions.v1 schema generated from proto/ by protoc-gen-es: message types and their
// `*Schema` descriptors for `create`, `toJson` and `fromJson` of @bufbuild/protobuf, and `Service` for Connect.
export * from "./gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
