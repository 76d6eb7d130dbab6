/** The probe's target: one http(s) origin and a path, with any userinfo removed before anything else sees the URL. */

/** A validated target. The URL it came from is never kept: it may carry a password. */
export interface ProbeTarget {
  /** `https://api.example.com:8443`: scheme, host and port. */
  origin: string;
  protocol: 'http:' | 'https:';
  /** Host name or IP literal without brackets, as DNS and SNI need it. */
  hostname: string;
  port: number;
  /** Path and query; the fragment is dropped (it never leaves a client). */
  path: string;
  /** Whether the given URL had a user name or password (dropped, never sent, never logged). */
  hadUserinfo: boolean;
}

/** Why a URL cannot be probed; the message never contains userinfo. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** Replaces `user:password@` in anything URL-like with nothing: for messages that quote user input. */
export function redactUserinfo(text: string): string {
  return text.replace(/(\/\/)[^/@\s]*@/g, '$1');
}

/** Parses and checks a URL; throws TargetError for anything but http(s) with a host. */
export function parseTarget(input: string): ProbeTarget {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new TargetError(`"${redactUserinfo(input)}" is not a valid URL (expected http://… or https://…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetError(`only http and https URLs can be probed, got ${url.protocol.replace(/:$/, '')}`);
  }
  const hadUserinfo = url.username !== '' || url.password !== '';
  url.username = '';
  url.password = '';
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') throw new TargetError('the URL has no host');
  return {
    origin: url.origin,
    protocol: url.protocol,
    hostname,
    port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    hadUserinfo,
  };
}

/** "GET https://host/path" as it will be sent, for confirmation dialogs and reports. */
export function describeRequest(target: ProbeTarget, method: 'GET' | 'HEAD' = 'GET'): string {
  return `${method} ${target.origin}${target.path}`;
}
