// Official-client helpers: build a connection to the service and await what it receives.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { accessToken } from './token.mjs';

export const TRANSPORTS = {
  WebSockets: signalR.HttpTransportType.WebSockets,
  ServerSentEvents: signalR.HttpTransportType.ServerSentEvents,
  LongPolling: signalR.HttpTransportType.LongPolling,
};

/** Transport and protocol pairs the official client supports (MessagePack needs binary, so not SSE). */
export const COMBINATIONS = [
  ['WebSockets', 'json'], ['WebSockets', 'messagepack'],
  ['ServerSentEvents', 'json'],
  ['LongPolling', 'json'], ['LongPolling', 'messagepack'],
];

/** A client of the service's client endpoint, authenticated as `user`, not yet started. */
export function serviceClient(service, hub, { transport = 'WebSockets', protocol = 'json', user, reconnect } = {}) {
  const url = `${service.endpoint}/client/?hub=${encodeURIComponent(hub)}`;
  const audience = url.replace(/:\d+\//, '/');
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(url, {
      transport: TRANSPORTS[transport],
      accessTokenFactory: () => accessToken(service.accessKey, audience, user ? { nameid: user } : {}),
    })
    .configureLogging(signalR.LogLevel.Warning);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  if (reconnect) builder.withAutomaticReconnect(reconnect);
  return builder.build();
}

/** Records every call of `target` so tests can await the next one without races. */
export function recorder(connection, target) {
  const received = [];
  const waiters = [];
  connection.on(target, (...args) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(args); else received.push(args);
  });
  return {
    next(timeoutMs = 10_000) {
      if (received.length) return Promise.resolve(received.shift());
      return new Promise((resolve, reject) => {
        const waiter = { resolve: (v) => { clearTimeout(timer); resolve(v); } };
        // A waiter that timed out leaves the queue, so the next message goes to the next caller, not to it.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no '${target}' within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    pending: () => received.length,
  };
}
