// The module is its header (CCacheHints.h); SwiftPM wants a source file in every C target.
#include "CCacheHints.h"
