/** Container images of Java projects, built with Jib without a Docker daemon. Internal. */
@NullMarked
package dev.hubbub.apphost.internal.image;

import org.jspecify.annotations.NullMarked;
