#include "mqctl/apply.hpp"

#include <stdexcept>

namespace mq::ctl {

void run_apply(const Invocation& /*inv*/, std::ostream& /*out*/) {
    throw std::runtime_error("not implemented yet");
}

} // namespace mq::ctl
