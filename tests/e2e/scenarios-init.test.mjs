// Datadog's own end-to-end scenarios of the API around init (DataDog/browser-sdk,
// test/e2e/scenario/rum/init.scenario.ts), ported case by case against wasm-rum: the same calls
// at the same moments, the same expectations. (Datadog's `DD_RUM` is wasm-rum's `window.rum`;
// its `flushEvents` is `settle`, whose marker action is left out of the counts.) Every event is
// checked against the RUM schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initPage } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

// A page whose `start(rum, base)` is Datadog's `withRumInit` (base: its `withRum` configuration).
const page = (start, extra = '') => initPage(`(rum, configuration) => {
  configuration = { ...configuration, trackResources: true, ${extra} };
  return new Promise((ok) => { (${start})(rum, configuration, ok); });
}`);

const { open, eventsOf, settle, assertValid } = packageSuite({
  pages: {
    '/auto.html': page(`(DD_RUM, configuration, ok) => {
      DD_RUM.addError('before manual view');
      DD_RUM.addAction('before manual view');
      DD_RUM.addTiming('before manual view');
      setTimeout(() => DD_RUM.startView('manual view'), 10);
      setTimeout(() => {
        DD_RUM.addError('after manual view');
        DD_RUM.addAction('after manual view');
        DD_RUM.addTiming('after manual view');
      }, 20);
      setTimeout(() => DD_RUM.init(configuration).then(ok), 30);
    }`),
    '/manual.html': page(`(DD_RUM, configuration, ok) => {
      DD_RUM.addError('before init');
      DD_RUM.addAction('before init');
      DD_RUM.addTiming('before init');
      let started;
      setTimeout(() => { started = DD_RUM.init(configuration); }, 10);
      setTimeout(() => {
        DD_RUM.addError('before manual view');
        DD_RUM.addAction('before manual view');
        DD_RUM.addTiming('before manual view');
      }, 20);
      setTimeout(() => DD_RUM.startView('manual view'), 30);
      setTimeout(() => {
        DD_RUM.addError('after manual view');
        DD_RUM.addAction('after manual view');
        DD_RUM.addTiming('after manual view');
        DD_RUM.setViewName('after manual view');
        started.then(ok);
      }, 40);
    }`, 'trackViewsManually: true'),
    '/url.html': page(`(DD_RUM, configuration, ok) => {
      const started = DD_RUM.init(configuration);
      setTimeout(() => { DD_RUM.startView({ name: 'manual view', url: 'https://example.com/overridden-path' }); started.then(ok); }, 10);
    }`),
    '/view-context.html': page(`(DD_RUM, configuration, ok) => {
      const started = DD_RUM.init(configuration);
      DD_RUM.setViewContext({ foo: 'bar' });
      DD_RUM.setViewContextProperty('bar', 'foo');
      DD_RUM.addAction('custom action');
      DD_RUM.addError('custom error');
      setTimeout(() => DD_RUM.startView('manual view'), 10);
      setTimeout(() => {
        DD_RUM.addAction('after manual view');
        DD_RUM.addError('after manual view');
        started.then(ok);
      }, 20);
    }`),
    '/before-send-edit.html': page(`(DD_RUM, configuration, ok) => DD_RUM.init(configuration).then(ok)`,
      'beforeSend: (event) => { event.context.foo = "bar"; return true; }'),
    '/before-send-replace.html': page(`(DD_RUM, configuration, ok) => {
      const started = DD_RUM.init(configuration);
      DD_RUM.setGlobalContextProperty('foo', 'baz');
      DD_RUM.setGlobalContextProperty('zig', 'zag');
      started.then(ok);
    }`, 'beforeSend: (event) => { event.context = { foo: "bar" }; return true; }'),
  },
});

async function run(path, act = async () => {}) {
  const { context, page: p, sessionId, warnings } = await open(path);
  await act(p);
  await p.waitForLoadState('load');
  await p.waitForTimeout(300);
  await settle(p, sessionId);
  const marker = (e) => e.type === 'action' && e.action.target.name === 'marker';
  const events = eventsOf(sessionId).filter((e) => !marker(e));
  const views = [];
  for (const v of events.filter((e) => e.type === 'view')) {
    const i = views.findIndex((w) => w.view.id === v.view.id);
    if (i < 0) views.push(v);
    else if (v._dd.document_version > views[i]._dd.document_version) views[i] = v;
  }
  assertValid(sessionId);
  await context.close();
  const of = (type) => events.filter((e) => e.type === type);
  return { views, errors: of('error'), actions: of('action'), resources: of('resource'), warnings };
}

const errorsAre = (errors, expected) =>
  assert.deepEqual(errors.map((e) => [e.error.message, e.view.id]), expected.map((x) => [x.message, x.viewId]));
const actionsAre = (actions, expected) =>
  assert.deepEqual(actions.map((a) => [a.action.target.name, a.view.id]), expected.map((x) => [x.name, x.viewId]));

test('should be associated to corresponding views when views are automatically tracked', async () => {
  const { views, errors, actions, resources } = await run('/auto.html');
  const [initial, manual] = views;
  assert.equal(initial.view.name, undefined);
  assert.deepEqual(Object.keys(initial.view.custom_timings), ['before_manual_view']);
  assert.equal(manual.view.name, 'manual view');
  assert.deepEqual(Object.keys(manual.view.custom_timings), ['after_manual_view']);
  assert.equal(resources.find((r) => r.resource.type === 'document').view.id, initial.view.id);
  errorsAre(errors, [
    { message: 'Provided "before manual view"', viewId: initial.view.id },
    { message: 'Provided "after manual view"', viewId: manual.view.id },
  ]);
  actionsAre(actions, [
    { name: 'before manual view', viewId: initial.view.id },
    { name: 'after manual view', viewId: manual.view.id },
  ]);
});

test('should be associated to corresponding views when views are manually tracked', async () => {
  const { views, errors, actions, resources } = await run('/manual.html');
  const [initial] = views;
  assert.equal(initial.view.name, 'after manual view');
  assert.deepEqual(Object.keys(initial.view.custom_timings).sort(), ['after_manual_view', 'before_init', 'before_manual_view']);
  assert.equal(resources.find((r) => r.resource.type === 'document').view.id, initial.view.id);
  errorsAre(errors, [
    { message: 'Provided "before init"', viewId: initial.view.id },
    { message: 'Provided "before manual view"', viewId: initial.view.id },
    { message: 'Provided "after manual view"', viewId: initial.view.id },
  ]);
  actionsAre(actions, [
    { name: 'before init', viewId: initial.view.id },
    { name: 'before manual view', viewId: initial.view.id },
    { name: 'after manual view', viewId: initial.view.id },
  ]);
  // Datadog's first action carries the name the view had later ('after manual view'): its calls
  // made before the view waited for it and took the view's context when sent. wasm-rum's carry
  // the name the view had when they were made (docs/moving-from-datadog.md).
  assert.equal(actions[0].view.name, 'manual view');
});

test('should use the provided url option instead of location', async () => {
  const { views } = await run('/url.html');
  const manual = views.find((v) => v.view.name === 'manual view');
  assert.equal(manual.view.url, 'https://example.com/overridden-path');
});

test('should be able to set view context', async () => {
  const { views, errors, actions } = await run('/view-context.html');
  const [initial, next] = views;
  assert.deepEqual({ foo: initial.context.foo, bar: initial.context.bar }, { foo: 'bar', bar: 'foo' });
  assert.equal(next.context?.foo, undefined);
  actionsAre(actions, [
    { name: 'custom action', viewId: initial.view.id },
    { name: 'after manual view', viewId: next.view.id },
  ]);
  assert.deepEqual([actions[0].context.foo, actions[0].context.bar], ['bar', 'foo']);
  errorsAre(errors, [
    { message: 'Provided "custom error"', viewId: initial.view.id },
    { message: 'Provided "after manual view"', viewId: next.view.id },
  ]);
  assert.deepEqual([errors[0].context.foo, errors[0].context.bar], ['bar', 'foo']);
});

test('get the view context', async () => {
  const { context, page: p } = await open('/view-context.html');
  // (Read before the next view starts: its context is the current view's.)
  await p.evaluate(() => window.rum.setViewContext({ foo: 'bar' }));
  assert.deepEqual(await p.evaluate(() => window.rum.getViewContext()), { foo: 'bar' });
  await context.close();
});

test('beforeSend allows to edit events context', async () => {
  const { views, resources } = await run('/before-send-edit.html');
  assert.equal(views[0].context.foo, 'bar');
  assert.equal(resources.find((r) => r.resource.type === 'document').context.foo, 'bar');
});

test('beforeSend allows to replace events context', async () => {
  const { views, resources } = await run('/before-send-replace.html');
  assert.deepEqual(views[0].context, { foo: 'bar' });
  assert.deepEqual(resources.find((r) => r.resource.type === 'document').context, { foo: 'bar' });
});
