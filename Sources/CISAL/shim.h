#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H
// Intel ISA-L's streaming inflate (Debian's libisal-dev): about four times zlib's speed on lead lists.
#include <isa-l/igzip_lib.h>
#endif
