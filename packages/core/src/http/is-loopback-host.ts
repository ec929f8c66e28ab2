/** 127.0.0.0/8, in the dotted form the URL parser normalizes every IPv4 spelling to. */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether `hostname` (as `URL.hostname` gives it) names this machine: `localhost`, `*.localhost`,
 * 127.0.0.0/8 or `[::1]`. Traffic to these never leaves the host, so plain HTTP exposes nothing.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    IPV4_LOOPBACK.test(host) ||
    host === "[::1]" ||
    host === "::1"
  );
}
