// A minimal REST caller for the data-plane API, authenticated the way the management SDK is.
import { accessToken } from './token.mjs';

export function restClient(service, hub) {
  const base = `${service.endpoint}/api/hubs/${encodeURIComponent(hub)}`;
  return async function call(method, route = '', { query = {}, body, headers = {} } = {}) {
    const url = new URL(base + route);
    url.searchParams.set('api-version', '2022-06-01');
    for (const [k, v] of Object.entries(query)) {
      for (const item of [].concat(v)) url.searchParams.append(k, item);
    }
    const audience = `${url.origin}${url.pathname}`;
    const token = accessToken(service.accessKey, audience);
    const init = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      init.headers['Content-Type'] ??= 'application/json; charset=utf-8';
    }
    const response = await fetch(url, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}
