// The chat page: the same messages over server-sent events, long polling or a WebSocket.
// Transport: ?transport=sse|poll|ws; /websocket uses a WebSocket; otherwise SSE, or long polling
// where the browser has no EventSource.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var transport = params.get('transport') ||
      (location.pathname === '/websocket' ? 'ws' : (window.EventSource ? 'sse' : 'poll'));
  var list = document.getElementById('messages');
  var status = document.getElementById('status');
  var nameInput = document.getElementById('name');
  var textInput = document.getElementById('text');
  var last = 0;
  var socket = null;

  nameInput.value = params.get('name') || localStorage.getItem('chat.name') || '';

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  // A message with id 0 was said on this node while it could not reach the others: it has no place in the
  // history, so it is shown as it comes and moves nothing on.
  function show(id, line) {
    if (id > 0) {
      if (id <= last) {
        return;
      }
      last = id;
    }
    var li = document.createElement('li');
    li.dataset.id = id;
    if (id === 0) {
      li.className = 'local';
      li.title = 'reached this server only';
    }
    var who = document.createElement('b');
    who.textContent = line.name;
    li.appendChild(who);
    li.appendChild(document.createTextNode(': ' + line.text));
    list.appendChild(li);
    li.scrollIntoView({block: 'end'});
  }

  function note(text) {
    var li = document.createElement('li');
    li.className = 'note';
    li.textContent = text;
    list.appendChild(li);
  }

  // The history moved on without us: start over from what the server still has.
  function reload() {
    list.textContent = '';
    last = 0;
    note('some messages were missed; showing what the server still has');
  }

  function viaSse() {
    var source = new EventSource('/events?since=' + last);
    source.onopen = function () { setStatus('open', 'connected (server-sent events)'); };
    source.onmessage = function (e) { show(Number(e.lastEventId), JSON.parse(e.data)); };
    source.addEventListener('local', function (e) { show(0, JSON.parse(e.data)); });
    source.addEventListener('missed', function () {
      source.close();
      reload();
      viaSse();
    });
    source.addEventListener('dropped', function (e) { note(JSON.parse(e.data).count + ' messages dropped'); });
    source.onerror = function () { setStatus('connecting', 'reconnecting…'); };
  }

  function viaPoll() {
    setStatus('open', 'connected (long polling)');
    fetch('/poll?since=' + last, {cache: 'no-store'}).then(function (r) {
      if (!r.ok) {
        throw new Error('poll failed: ' + r.status);
      }
      return r.json();
    }).then(function (answer) {
      if (answer.missed) {
        reload();
      } else {
        answer.messages.forEach(function (m) { show(m.id, m.data); });
        last = Math.max(last, answer.last);
      }
      viaPoll();
    }).catch(function () {
      setStatus('connecting', 'reconnecting…');
      setTimeout(viaPoll, 1000);
    });
  }

  function viaWebSocket() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/ws?since=' + last);
    socket.onopen = function () { setStatus('open', 'connected (WebSocket)'); };
    socket.onmessage = function (e) {
      if (socket.readyState !== WebSocket.OPEN) {
        return;
      }
      var m = JSON.parse(e.data);
      if (m.missed) {
        reload();
        socket.close();
      } else if (m.dropped) {
        note(m.dropped + ' messages dropped');
      } else {
        show(m.id, m.data);
      }
    };
    socket.onclose = function () {
      setStatus('connecting', 'reconnecting…');
      setTimeout(viaWebSocket, 1000);
    };
  }

  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault();
    var line = {name: nameInput.value.trim(), text: textInput.value.trim()};
    if (!line.name || !line.text) {
      return;
    }
    localStorage.setItem('chat.name', line.name);
    textInput.value = '';
    if (transport === 'ws') {
      socket.send(JSON.stringify(line));
    } else {
      fetch('/say', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(line)});
    }
  });

  ({sse: viaSse, poll: viaPoll, ws: viaWebSocket})[transport]();
})();
