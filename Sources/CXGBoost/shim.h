#ifndef TRADEHUB_CXGBOOST_SHIM_H
#define TRADEHUB_CXGBOOST_SHIM_H
#include <xgboost/c_api.h>
#endif
