/** Local mode's stand-in for EventBridge Scheduler: a daily run at a local time in a zone. */
package dev.eventpipe.local.schedule;
