// Go fmt (pending).
#include "gotemplate/go_fmt.h"
