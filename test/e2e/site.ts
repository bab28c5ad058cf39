import type { Browser, BrowserContextOptions, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { CHILD_TABS } from '../../src/modules/children/schemas.js';
import { createTestApp, demoUser, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium } from './browser.js';

/** Every page a journey opens is checked the same way: GOV.UK Frontend started, zero axe violations. */
export async function checkPage(page: Page): Promise<void> {
  await expectFrontendSupported(page);
  await expectAccessible(page);
}

export interface SiteOptions {
  /** Children with a plan in the demo LA (40 unless told). */
  plans?: number;
  /** The demo's weekly delivery records (off unless told: most journeys want an empty ledger). */
  deliveryHistory?: boolean;
  /** Runs once the demo LA is seeded, before the server listens: the file's own records. */
  prepare?: (t: TestApp) => Promise<void>;
}

/**
 * One server over a seeded demo LA and one Chromium for a test file, started before its tests
 * and stopped after them. Call it once at the top of the file; each journey then asks for a
 * signed-in page per person, each in its own browser context (its own cookies).
 */
export function demoSite(options: SiteOptions = {}): Site {
  const site = new Site();
  beforeAll(async () => {
    const t = await createTestApp({ plans: options.plans ?? 40, deliveryHistory: options.deliveryHistory ?? false });
    if (options.prepare) await options.prepare(t);
    site.started(t, await t.app.listen({ port: 0, host: '127.0.0.1' }), await launchChromium());
  });
  afterAll(async () => {
    await site.stop();
  });
  return site;
}

export class Site {
  private state: { t: TestApp; baseUrl: string; browser: Browser } | undefined;
  private signInPageChecked = false;

  started(t: TestApp, baseUrl: string, browser: Browser): void {
    this.state = { t, baseUrl, browser };
  }

  async stop(): Promise<void> {
    if (!this.state) return;
    await this.state.browser.close();
    await this.state.t.close();
  }

  private get running() {
    if (!this.state) throw new Error('The site is not running: call demoSite() at the top of the test file');
    return this.state;
  }

  /** The app and its database, for setting records up and reading what a journey stored. */
  get t(): TestApp {
    return this.running.t;
  }

  get baseUrl(): string {
    return this.running.baseUrl;
  }

  /** A fresh browser context, not signed in. */
  async newPage(contextOptions: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.running.browser.newContext(contextOptions);
    return context.newPage();
  }

  /** A fresh browser context, signed in through the real form as the demo account for the role. */
  signedInPage(role: Role, contextOptions: BrowserContextOptions = {}): Promise<Page> {
    return this.signedInPageFor(demoUser(this.t.demo, role), contextOptions);
  }

  /**
   * Signed in as any account with a password. The sign-in page is the same for everyone, so it is
   * checked (GOV.UK Frontend started, axe clean) the first time in a file, not at every sign-in.
   */
  async signedInPageFor(user: { email: string; password: string }, contextOptions: BrowserContextOptions = {}): Promise<Page> {
    const page = await this.newPage(contextOptions);
    await page.goto(`${this.baseUrl}/sign-in`);
    if (!this.signInPageChecked) {
      await checkPage(page);
      this.signInPageChecked = true;
    }
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname, `signing in as ${user.email}`).not.toBe('/sign-in');
    return page;
  }

  /** Opens a path of the site and checks the page; the response is the caller's to judge. */
  async visit(page: Page, path: string): Promise<Response | null> {
    const response = await page.goto(`${this.baseUrl}${path}`);
    await checkPage(page);
    return response;
  }

  /** The tabs of a child's record, as page objects on this page. */
  childRecord(page: Page, childId: string): ChildRecord {
    return new ChildRecord(page, this.baseUrl, childId);
  }

  /** The record the page is on now (after following a link to a child). */
  recordShown(page: Page): ChildRecord {
    const childId = /\/children\/([0-9a-f-]{36})/.exec(new URL(page.url()).pathname)?.[1];
    if (!childId) throw new Error(`${page.url()} is not a child's record`);
    return this.childRecord(page, childId);
  }
}

/** The record's tabs, in the order the tab bar shows them; Communication is a group of pages. */
export const CHILD_RECORD_TABS = ['Overview', 'Plan', 'Provision', 'Reviews', 'Communication', 'Documents', 'Funding', 'Inclusion', 'History'] as const;
export type ChildRecordTab = (typeof CHILD_RECORD_TABS)[number];

/** One page of a child's record: where it is, what its heading says and how the tabs reach it. */
export class ChildRecordPage {
  constructor(
    private readonly page: Page,
    readonly url: string,
    /** The page's heading under the tabs, e.g. "Timeline" for the Communication tab. */
    readonly heading: string,
    /** The tab in the tab bar that leads here. */
    readonly tab: ChildRecordTab,
    /** For a page of a group: its link in the group's sub-navigation. */
    readonly groupLink?: string,
  ) {}

  /** Goes straight to the page, and checks it: found, its heading, GOV.UK Frontend started, axe clean. */
  async open(): Promise<void> {
    const response = await this.page.goto(this.url);
    expect(response?.status(), this.url).toBe(200);
    await this.expectOpen();
  }

  /** Reaches the page as a person does, by its tab (and its link within a group), and checks it. */
  async select(): Promise<void> {
    await this.page.locator('.app-child-tabs').getByRole('link', { name: this.tab, exact: true }).click();
    await this.page.waitForLoadState('load');
    if (this.groupLink) {
      await this.page.locator('.app-child-tabs__group').getByRole('link', { name: this.groupLink, exact: true }).click();
      await this.page.waitForLoadState('load');
    }
    await expect.poll(() => this.page.locator('.app-child-tabs [aria-current="page"]').textContent()).toContain(this.tab);
    await this.expectOpen();
  }

  /** The text of the page's main content. */
  async text(): Promise<string> {
    return (await this.page.locator('main').textContent()) ?? '';
  }

  private async expectOpen(): Promise<void> {
    await expect.poll(() => this.page.locator('main h2.govuk-heading-l').textContent()).toBe(this.heading);
    await checkPage(this.page);
  }
}

/**
 * A child's record as page objects: `record.provision.open()`, `record.timeline.select()`. Each
 * page it opens is checked: its heading, GOV.UK Frontend started and zero axe violations.
 */
export class ChildRecord {
  readonly overview: ChildRecordPage;
  readonly plan: ChildRecordPage;
  readonly provision: ChildRecordPage;
  readonly reviews: ChildRecordPage;
  /** The Communication tab opens its first page, the timeline. */
  readonly communication: ChildRecordPage;
  readonly timeline: ChildRecordPage;
  readonly messages: ChildRecordPage;
  readonly people: ChildRecordPage;
  readonly accessLog: ChildRecordPage;
  readonly documents: ChildRecordPage;
  readonly funding: ChildRecordPage;
  readonly inclusion: ChildRecordPage;
  readonly history: ChildRecordPage;

  constructor(page: Page, baseUrl: string, childId: string) {
    const at = (path: string) => `${baseUrl}/children/${childId}${path}`;
    const tab = (path: string, tabName: ChildRecordTab, heading: string = tabName) => new ChildRecordPage(page, at(path), heading, tabName);
    const ofCommunication = (path: string, heading: string) => new ChildRecordPage(page, at(path), heading, 'Communication', heading);
    this.overview = tab('', 'Overview');
    this.plan = tab('/plan', 'Plan');
    this.provision = tab('/provision', 'Provision');
    this.reviews = tab('/reviews', 'Reviews');
    this.communication = tab('/timeline', 'Communication', CHILD_TABS.timeline);
    this.timeline = ofCommunication('/timeline', CHILD_TABS.timeline);
    this.messages = ofCommunication('/messages', CHILD_TABS.messages);
    this.people = ofCommunication('/people', CHILD_TABS.people);
    this.accessLog = ofCommunication('/access-log', CHILD_TABS['access-log']);
    this.documents = tab('/documents', 'Documents');
    this.funding = tab('/funding', 'Funding');
    this.inclusion = tab('/inclusion', 'Inclusion');
    this.history = tab('/history', 'History');
  }

  /** A tab by the name the tab bar shows. */
  tab(name: ChildRecordTab): ChildRecordPage {
    const byName: Record<ChildRecordTab, ChildRecordPage> = {
      Overview: this.overview,
      Plan: this.plan,
      Provision: this.provision,
      Reviews: this.reviews,
      Communication: this.communication,
      Documents: this.documents,
      Funding: this.funding,
      Inclusion: this.inclusion,
      History: this.history,
    };
    return byName[name];
  }
}
