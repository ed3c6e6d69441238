/** Reading configuration from environment variables, once, into typed values. */
package dev.eventpipe.shared.config;
