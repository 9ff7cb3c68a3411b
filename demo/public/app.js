// The demo app: a small B2B console with a user site and an admin site, using wasm-rum exactly
// as the README tells users to.
import { init, getSessionId, setUser, setGlobalContextProperty, addAction, flush } from 'wasm-rum';

const $ = (id) => document.getElementById(id);
const status = $('rum-status');

try {
  await init({
    applicationId: '7f3d2a10-5c4b-4e8f-9a61-0b2c3d4e5f60',
    intakeUrl: new URL('/api/v2/rum', location.href).href,
    service: 'acme-frontend',
    env: 'demo',
    version: '0.1.0',
    // Trace headers go to this app's own API only.
    allowedTracingUrls: [new URL('/api/', location.href).href],
    trackConsoleErrors: true,
    // Short batches, so the dashboard follows the page closely.
    batchFlushTimeout: 2000,
  });
  status.textContent = 'running';
  const id = getSessionId() ?? 'not tracked';
  $('session-id').textContent = id;
  $('session-link').textContent = 'this session';
  $('session-link').href = `/dashboard/#session=${id}`;
} catch (error) {
  // The app goes on without monitoring; the message names what is wrong.
  status.textContent = error.message;
}

// ---- routing (a single-page app: History API) ----

const PAGES = {
  '/': ['Home', 'Your workspace at a glance. Try the buttons below, then open the dashboard.'],
  '/orders': ['Orders', 'Orders of your company, loaded from /api/orders.'],
  '/admin': ['Admin', 'The admin site: settings for the whole company.'],
  '/admin/users': ['Users', 'Admin › users of the company.'],
};

function render() {
  const [title, text] = PAGES[location.pathname] ?? ['Not found', 'No such page.'];
  $('page-title').textContent = title;
  $('page-text').textContent = text;
  document.title = `${title} · Acme Console`;
  for (const a of document.querySelectorAll('a[data-route]')) {
    a.classList.toggle('active', a.getAttribute('href') === location.pathname);
  }
}

document.addEventListener('click', (e) => {
  const link = e.target.closest('a[data-route]');
  if (!link) return;
  e.preventDefault();
  history.pushState({}, '', link.getAttribute('href'));
  render();
});
addEventListener('popstate', render);
render();

// ---- sign-in: the context every later event carries ----

let who = null;

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  who = { company: form.get('company'), customer: form.get('customer'), user: form.get('user') };
  setUser({ id: who.user, name: who.user[0].toUpperCase() + who.user.slice(1), email: `${who.user}@${who.company}.example` });
  setGlobalContextProperty('company_id', who.company);
  setGlobalContextProperty('customer_id', who.customer);
  addAction('signed_in', { company_id: who.company });
  $('who').textContent = `Signed in as ${who.user} · company ${who.company} · customer ${who.customer}`;
});

// ---- backend calls ----

function apiHeaders() {
  return who ? { 'x-company-id': who.company, 'x-customer-id': who.customer } : {};
}

function show(name, statusText, ms, body) {
  const row = document.createElement('tr');
  const trace = body?.trace_id ?? '–';
  const span = body?.span_id ? `${body.route} · span ${body.span_id} · parent ${body.parent_id ?? 'none'}` : '–';
  for (const text of [name, statusText, ms.toFixed(0), trace, span]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  $('calls').prepend(row);
}

async function callFetch(name, url) {
  const start = performance.now();
  try {
    const response = await fetch(url, { headers: apiHeaders() });
    const body = await response.json().catch(() => null);
    show(name, String(response.status), performance.now() - start, body);
  } catch (error) {
    show(name, `failed: ${error.message}`, performance.now() - start, null);
  }
}

function callXhr(name, url) {
  const start = performance.now();
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url);
  for (const [k, v] of Object.entries(apiHeaders())) xhr.setRequestHeader(k, v);
  xhr.onload = () => {
    let body = null;
    try {
      body = JSON.parse(xhr.responseText);
    } catch {}
    show(name, String(xhr.status), performance.now() - start, body);
  };
  xhr.onerror = () => show(name, 'failed', performance.now() - start, null);
  xhr.send();
}

$('orders').addEventListener('click', () => callFetch('orders', '/api/orders'));
$('inventory').addEventListener('click', () => callXhr('inventory', '/api/inventory'));
$('report').addEventListener('click', () => callFetch('report', '/api/report'));
$('fail').addEventListener('click', () => callFetch('fail', '/api/fail'));
// Nothing listens on port 1: the request fails at the network level.
$('unreachable').addEventListener('click', () => callFetch('unreachable', 'http://127.0.0.1:1/api/unreachable'));
$('crash').addEventListener('click', () => {
  const settings = undefined;
  return settings.theme; // TypeError: the kind of bug RUM is for
});

// Deliver what is pending when the user leaves for the dashboard in this tab.
addEventListener('pagehide', () => flush());
