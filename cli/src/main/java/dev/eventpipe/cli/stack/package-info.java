/** The local stack: the emulators, the queues, the notifications and the processor, wired as in AWS. */
package dev.eventpipe.cli.stack;
