#ifndef TRADEHUB_CZLIB_SHIM_H
#define TRADEHUB_CZLIB_SHIM_H
#include <zlib.h>
#endif
