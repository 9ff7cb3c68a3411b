import { init, getSessionId } from 'wasm-rum';

const status = document.getElementById('rum-status');

try {
  await init({
    applicationId: 'acme-console',
    intakeUrl: new URL('/api/v2/rum', location.href).href,
    service: 'acme-frontend',
    env: 'demo',
    version: '0.1.0',
  });
  status.textContent = 'running';
  document.getElementById('session-id').textContent = getSessionId() ?? 'not tracked';
} catch (error) {
  // The app goes on without monitoring; the message names what is wrong.
  status.textContent = error.message;
}
