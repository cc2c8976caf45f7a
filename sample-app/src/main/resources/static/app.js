// The demo page: sign in, chat in a room, watch live updates. All text goes in with textContent, never innerHTML.
import { connect } from "/static/channels4j.js";

const $ = (id) => document.getElementById(id);
let chat = null;
let updates = null;

function setStatus(state) {
  const status = $("status");
  const shown = state === "closed" ? "reconnecting" : state;  // the indicator only ever shows the three words
  status.textContent = shown;
  status.className = "status " + shown;
}

function item(list, sender, text) {
  const li = document.createElement("li");
  li.setAttribute("data-testid", "message-item");
  const who = document.createElement("span");
  who.className = "sender";
  who.textContent = sender;
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  li.append(who, body);
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

// who is here: one element per user, kept sorted; the server sends the list once, then joins and leaves
function showPresence(users) {
  const list = $("presence");
  list.replaceChildren();
  $("presence-count").textContent = "";
  for (const user of [...new Set(users)].sort()) {
    const li = document.createElement("li");
    li.setAttribute("data-testid", "presence-user");
    li.textContent = user;
    list.append(li);
  }
}

function presentUsers() {
  return [...$("presence").children].map((li) => li.textContent);
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  let json = {};
  try { json = await response.json(); } catch (e) { /* empty body */ }
  return { status: response.status, json };
}

// asked when a socket could not reconnect: a refusal while /api/me says 401 means the session is gone
async function sessionStillValid() {
  let status = 0;
  try {
    status = (await api("/api/me")).status;
  } catch (e) {
    return true; // the server is not back yet
  }
  if (status !== 401) return true;
  sessionEnded();
  return false;
}

function sessionEnded() {
  signedOut();
  $("login-error").textContent = "Your session ended, sign in again.";
}

function socketOptions() {
  return { onRefused: sessionStillValid };
}

function closedForGood({ code }) {
  if (code === 4401) sessionEnded(); // signed out, here or elsewhere
}

function signedIn(username) {
  $("whoami").textContent = username;
  $("who").hidden = false;
  $("signin").hidden = true;
  $("app").hidden = false;
  $("login-error").textContent = "";
  updates = connect("/ws/update/", socketOptions());
  updates.onClosed(closedForGood);
  updates.onState((state) => { if (!chat) setStatus(state); });
  updates.on("update", (m) => item($("updates"), m.user, typeof m.message === "string" ? m.message : JSON.stringify(m.message)));
  updates.on("task.done", (m) => item($("updates"), "task", "task " + m.id + " done"));
  $("room").focus();
}

function signedOut() {
  if (chat) chat.close();
  if (updates) updates.close();
  chat = null;
  updates = null;
  $("messages").replaceChildren();
  $("updates").replaceChildren();
  showPresence([]);
  $("room-name").textContent = "Not in a room yet.";
  $("who").hidden = true;
  $("app").hidden = true;
  $("signin").hidden = false;
  $("password").value = "";
  $("username").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const { status, json } = await api("/auth/login", { username: $("username").value, password: $("password").value });
  if (status === 200) {
    signedIn(json.username);
  } else {
    $("login-error").textContent = json.error || "Sign-in failed (" + status + ")";
  }
});

$("logout").addEventListener("click", async () => {
  signedOut(); // its own sockets first: the server's 4401 "signed out" is for the other tabs and devices
  await api("/auth/logout", {});
});

$("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const room = $("room").value.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(room)) {
    $("room-name").textContent = "Room names are 1 to 64 letters, digits, '-' or '_'.";
    return;
  }
  if (chat) chat.close();
  $("messages").replaceChildren();
  showPresence([]);
  $("room-name").textContent = "Room: " + room;
  chat = connect("/ws/chat/" + room + "/", socketOptions());
  chat.onState(setStatus);
  chat.on("presence", (m) => showPresence(m.users.map((u) => u.user)));  // again after each reconnect
  chat.on("presence.join", (m) => showPresence([...presentUsers(), m.user]));
  chat.on("presence.leave", (m) => showPresence(presentUsers().filter((u) => u !== m.user)));
  chat.on("presence.count", (m) => { $("presence-count").textContent = m.count + " here"; });
  chat.onClosed(closedForGood);
  chat.on("history.reset", () => $("messages").replaceChildren()); // the room's latest history follows
  chat.on("*", (m) => {
    if (m.error) item($("messages"), "error", m.error);
    else if (m.type === undefined && m.user !== undefined) item($("messages"), m.user, m.message);
  });
  $("message").focus();
});

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("message").value;
  if (!text || !chat) return;
  try {
    chat.send({ message: text });
    $("message").value = "";
  } catch (e) {
    item($("messages"), "error", e.message);
  }
});

$("run-task").addEventListener("click", async () => {
  const { status, json } = await api("/api/tasks", { kind: "report" });
  item($("updates"), "task", status === 202 ? "task " + json.id + " started" : "could not start a task: " + (json.error || status));
});

api("/api/me").then(({ status, json }) => (status === 200 ? signedIn(json.username) : signedOut()));
