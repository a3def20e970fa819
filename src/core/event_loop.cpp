#include "core/event_loop.hpp"

namespace soom {
namespace {
thread_local bool t_event_loop = false;
}  // namespace

bool on_event_loop_thread() noexcept { return t_event_loop; }

EventLoopThread::EventLoopThread() noexcept : previous_(t_event_loop) { t_event_loop = true; }

EventLoopThread::~EventLoopThread() { t_event_loop = previous_; }

}  // namespace soom
