/**
 * The calls that generated code makes into the runtime. Not for application code: these types may
 * change between versions together with the processor that generates calls to them.
 */
package dev.mob.runtime.spi;
