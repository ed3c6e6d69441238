/** Headless Chromium for browser tests: found at Debian's path, skipped without it unless under CI. */
package dev.eventpipe.testkit.browser;
