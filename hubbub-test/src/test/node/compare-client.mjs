// Runs one scenario with the official SignalR client (@microsoft/signalr) and prints what it saw as JSON:
//   node compare-client.mjs <hub url> <WebSockets|ServerSentEvents|LongPolling> <json|messagepack>
// hubbub-test's OfficialClientComparisonTest runs the same scenario with the Java test client and compares.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';

const [url, transport, protocol] = process.argv.slice(2);
const builder = new signalR.HubConnectionBuilder()
  .withUrl(url, { transport: signalR.HttpTransportType[transport] })
  .configureLogging(signalR.LogLevel.None);
if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
const connection = builder.build();

const steps = [];      // what each step gave, in order
const arrivals = [];   // every invocation from the server, in arrival order
const queues = {};     // per target, not yet taken by a step
for (const target of ['told', 'message', 'groupMessage', 'getName', 'unhandled']) {
  queues[target] = [];
}
for (const target of ['told', 'message', 'groupMessage']) {
  connection.on(target, (...args) => { arrivals.push({ target, args }); queues[target].push(args); });
}
connection.on('getName', (...args) => { arrivals.push({ target: 'getName', args }); return 'tester'; });
const closed = new Promise((resolve) => connection.onclose((error) => resolve(error ? error.message : null)));

async function invoke(name, ...args) {
  try {
    steps.push({ invoke: name, result: (await connection.invoke(name, ...args)) ?? null });
  } catch (e) {
    steps.push({ invoke: name, error: e.message });
  }
}
function take(target, count) {
  steps.push({ on: target, messages: queues[target].splice(0, count) });
}
function stream(name, ...args) {
  return new Promise((resolve) => {
    const items = [];
    connection.stream(name, ...args).subscribe({
      next: (item) => items.push(item),
      error: (e) => { steps.push({ stream: name, items, error: e.message }); resolve(); },
      complete: () => { steps.push({ stream: name, items }); resolve(); },
    });
  });
}

await connection.start();
await invoke('echo', 'hi');
await invoke('add', 2, 3);
await invoke('mirror', { x: 1, y: 2, label: 'p' });
await invoke('nothing');
await invoke('fail', 'boom');
await invoke('failHidden');
await invoke('noSuchMethod');
await invoke('echo', 'a', 'b');
await connection.send('tell', 'one');
await invoke('tell', 'two');
take('told', 2);
await invoke('join', 'room');
await invoke('sendToGroup', 'room', 'hello room');
await invoke('broadcast', 'to all');
take('groupMessage', 1);
take('message', 1);
await stream('counter', 3);
await stream('failingCounter', 2);
const numbers = new signalR.Subject();
const sum = invoke('sum', numbers);
numbers.next(1);
numbers.next(2);
numbers.next(39);
numbers.complete();
await sum;
await invoke('askName');
await invoke('ask', 'unhandled');
await connection.send('closeMe');
steps.push({ closed: await closed });
process.stdout.write(JSON.stringify({ steps, arrivals }) + '\n');
