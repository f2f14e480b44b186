// Letting go of a document's text while its value stays, and reading the text back from the file
// it came from when it is needed again (node positions for a message's line). analyze keeps every
// document of a run to its end, and their texts were a tenth of its memory.
#pragma once

#include "base/file_io.h"
#include "yaml/document.h"

namespace sidecarctl::yaml {

// Frees doc.text, remembering a hash of it. Only for a document whose source is a regular file
// that can be read again (not standard input, a pipe or a device).
void release_text(Document& doc);

// Reads a released text back from bytes [offset, offset + size) of the document's file, split as
// the stream was. True when doc.text holds the document's text again (or was never released);
// false when the file cannot be read or changed since (the text stays empty and is no longer
// counted as released). `files` reads the span (and keeps the file open for the next document).
bool recall_text(Document& doc, FileRangeReader& files);

}  // namespace sidecarctl::yaml
