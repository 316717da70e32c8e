// The chat page: the official SignalR client connects to the chat hub at /chat on this application's port
// (negotiate there; behind the dev service the client is redirected to it), sends with invoke('send', user, text)
// and shows every newMessage(user, text).
(() => {
  const userBox = document.getElementById('user');
  const textBox = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const statusLabel = document.getElementById('status');
  const list = document.getElementById('messages');

  userBox.value = localStorage.getItem('hubbub-chat-user') || 'guest-' + Math.floor(1000 + Math.random() * 9000);

  function setStatus(text, cls) {
    statusLabel.textContent = text;
    statusLabel.className = 'status ' + cls;
    sendButton.disabled = cls !== 'connected';
  }

  function append(user, text, cls) {
    const item = document.createElement('li');
    if (cls) item.className = cls;
    const who = document.createElement('strong');
    who.textContent = user;
    const what = document.createElement('span');
    what.textContent = text;
    item.append(who, what);
    list.append(item);
    item.scrollIntoView({ block: 'end' });
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/chat')
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on('newMessage', (user, text) => append(user, text, user === userBox.value ? 'mine' : ''));
  connection.onreconnecting(() => setStatus('reconnecting…', 'connecting'));
  connection.onreconnected(() => setStatus('connected', 'connected'));
  connection.onclose(() => setStatus('disconnected: reload the page', 'disconnected'));

  document.getElementById('send-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = userBox.value.trim();
    const text = textBox.value.trim();
    if (!user || !text) return;
    localStorage.setItem('hubbub-chat-user', user);
    try {
      await connection.invoke('send', user, text);
      textBox.value = '';
      textBox.focus();
    } catch (error) {
      append('error', String(error), 'error');
    }
  });

  connection.start()
    .then(() => { setStatus('connected', 'connected'); textBox.focus(); })
    .catch((error) => setStatus('cannot connect: ' + error, 'disconnected'));
})();
