/** The receipt: the record, written last, of what happened to one uploaded file. */
package dev.eventpipe.shared.receipt;
