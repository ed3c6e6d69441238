/**
 * Writing a file's outputs: JSON Lines events per event date, rejected rows with reasons, manifests;
 * streamed through multipart uploads, invisible until committed.
 */
package dev.eventpipe.processor.output;
