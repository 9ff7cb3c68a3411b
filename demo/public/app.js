import { init, getSessionId } from 'wasm-rum';

const status = document.getElementById('rum-status');

try {
  await init({
    applicationId: '7f3d2a10-5c4b-4e8f-9a61-0b2c3d4e5f60',
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
