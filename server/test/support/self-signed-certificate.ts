/**
 * A self-signed TLS certificate for 127.0.0.1 and localhost, made with Node's own crypto (no openssl
 * program needed): an EC P-256 key, and an X.509 v3 certificate DER-encoded here and signed with
 * ECDSA-SHA256. It is what `openssl req -x509 -newkey ec -days 1 -subj /CN=localhost -addext
 * subjectAltName=IP:127.0.0.1,DNS:localhost` makes: subject = issuer, CA:TRUE, valid from a day ago to a day ahead.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A PEM certificate and key, also written to `certPath` and `keyPath` in `dir`. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  dir: string;
}

/** Generates a fresh self-signed certificate in a temp directory (the caller removes `dir`). */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String('localhost')))); // CN=localhost
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and no leading zero byte to strip
  const subjectAltName = sequence(tagged(0x82, Buffer.from('localhost', 'ascii')), tagged(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = sequence(
    sequence(oid('2.5.29.19'), tagged(0x01, Buffer.from([0xff])), octetString(sequence(tagged(0x01, Buffer.from([0xff]))))), // basicConstraints: critical, CA:TRUE
    sequence(oid('2.5.29.17'), octetString(subjectAltName)),
  );
  const tbsCertificate = sequence(
    tagged(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - day)), utcTime(new Date(now + day))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tagged(0xa3, extensions),
  );
  const signature = sign('sha256', tbsCertificate, privateKey); // DER ECDSA-Sig-Value, as X.509 wants it
  const certificate = sequence(tbsCertificate, ecdsaWithSha256, bitString(signature));

  const cert = `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  fs.writeFileSync(certPath, cert);
  fs.writeFileSync(keyPath, key, { mode: 0o600 });
  return { cert, key, certPath, keyPath, dir };
}

/** One DER element: tag, definite length, contents. */
function tagged(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  let length: Buffer;
  if (body.length < 0x80) {
    length = Buffer.from([body.length]);
  } else {
    const bytes: number[] = [];
    for (let rest = body.length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const sequence = (...parts: Buffer[]) => tagged(0x30, ...parts);
const set = (...parts: Buffer[]) => tagged(0x31, ...parts);
const octetString = (contents: Buffer) => tagged(0x04, contents);
const bitString = (contents: Buffer) => tagged(0x03, Buffer.from([0]), contents); // no unused bits
const utf8String = (text: string) => tagged(0x0c, Buffer.from(text, 'utf8'));

/** A non-negative INTEGER from big-endian bytes that are already minimal. */
function integer(bytes: Buffer): Buffer {
  return tagged(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** An OBJECT IDENTIFIER from its dotted form: the first two arcs in one byte, the rest base 128. */
function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tagged(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ), which X.509 requires for dates before 2050. */
function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tagged(0x17, Buffer.from(`${text}Z`, 'ascii'));
}
