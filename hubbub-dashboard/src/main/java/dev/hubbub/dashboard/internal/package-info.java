/** The dashboard's HTTP server, stores and OTLP decoding; not API. */
@NullMarked
package dev.hubbub.dashboard.internal;

import org.jspecify.annotations.NullMarked;
