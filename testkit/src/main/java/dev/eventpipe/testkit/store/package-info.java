/** An in-memory object store with failure injection, for tests without emulators. */
package dev.eventpipe.testkit.store;
