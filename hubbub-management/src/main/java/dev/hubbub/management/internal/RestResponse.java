package dev.hubbub.management.internal;

import org.jspecify.annotations.Nullable;

/**
 * What the service answered to a {@link RestRequest}.
 *
 * @param status the HTTP status
 * @param errorCode the first {@code x-ms-error-code} value, or null
 * @param body the response body as text, empty for none
 */
public record RestResponse(int status, @Nullable String errorCode, String body) {
  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
