// HS256 access tokens as Azure SignalR SDKs make them: keyed by the UTF-8 bytes of the AccessKey.
import { createHmac } from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

export function accessToken(accessKey, audience, claims = {}, lifetimeSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, nbf: now, exp: now + lifetimeSeconds, iat: now, aud: audience }));
  const signature = createHmac('sha256', Buffer.from(accessKey, 'utf8')).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
