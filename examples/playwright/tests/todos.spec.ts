import { test, expect, type APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '../playwright.config';

// The app's page, served by Playwright itself: page.route answers for
// /app/ on the API's origin, so the request never reaches pretendo. (A page
// on another origin works too, through pretendo's CORS headers, when the
// browser lets it reach the loopback address; Chromium's local network
// access checks refuse a page Playwright made up.)
const appURL = `${api}/app/?api=${encodeURIComponent(api)}`;
const appHTML = readFileSync(join(__dirname, '..', 'app.html'), 'utf8');

// journal returns the recorded requests the filter selects, newest first.
async function journal(request: APIRequestContext, filter: string) {
  const res = await request.get(`${api}/admin/requests?${filter}`);
  expect(res.status()).toBe(200);
  return (await res.json()).data;
}

test.beforeEach(async ({ page, request }) => {
  // Every test starts from the spec's data with an empty journal.
  expect((await request.post(`${api}/admin/reset`)).status()).toBe(200);
  expect((await request.delete(`${api}/admin/requests`)).status()).toBe(204);
  await page.route(`${api}/app/**`, (route) => route.fulfill({ contentType: 'text/html', body: appHTML }));
});

test('lists the todos with one call', async ({ page, request }) => {
  await page.goto(appURL);
  await expect(page.locator('#todos li')).toHaveText(['Buy milk', 'Write tests (done)']);

  const calls = await journal(request, 'method=GET&path=/todos');
  expect(calls).toHaveLength(1);
  expect(calls[0].query).toBe('sortBy=id');
  const count = await request.get(`${api}/admin/requests/count?method=POST,PUT,PATCH,DELETE`);
  expect((await count.json()).data.count).toBe(0);
});

test('adds a todo: one POST with the title typed', async ({ page, request }) => {
  await page.goto(appURL);
  await page.getByLabel('title').fill('Ship it');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.locator('#todos li')).toHaveText(['Buy milk', 'Write tests (done)', 'Ship it']);

  const posts = await journal(request, 'method=POST&path=/todos');
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0].body)).toEqual({ title: 'Ship it' });
  expect(posts[0].status).toBe(201);
  expect(JSON.parse(posts[0].responseBody).data).toMatchObject({ id: 3, title: 'Ship it', done: false });

  // And the server holds it.
  const stored = await request.get(`${api}/todos/3`);
  expect((await stored.json()).data.title).toBe('Ship it');
});

test('an empty title is refused, and the app says so', async ({ page, request }) => {
  await page.goto(appURL);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('alert')).toHaveText('validation failed');
  const refused = await journal(request, 'method=POST&status=4xx');
  expect(refused).toHaveLength(1);
  expect(JSON.parse(refused[0].responseBody).code).toBe('VALIDATION_FAILED');
  await expect(page.locator('#todos li')).toHaveCount(2);
});

test('each test starts afresh', async ({ request }) => {
  const res = await request.get(`${api}/todos`);
  expect((await res.json()).meta.pagination.totalItems).toBe(2);
  expect(await journal(request, '')).toHaveLength(1); // this GET only
});
