/** The storage layout of the processed bucket: file identity and every key function. */
package dev.eventpipe.shared.layout;
