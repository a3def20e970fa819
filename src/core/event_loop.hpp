#pragma once
// Threads that run an event loop (the HTTP server's I/O threads) serve many connections
// at once, so nothing on them may wait long. Code that could wait — the database layer —
// asks on_event_loop_thread() and takes a path that never queues (or refuses, for a bug).

namespace soom {

bool on_event_loop_thread() noexcept;

// Marks the calling thread as an event-loop thread for this object's lifetime.
class EventLoopThread final {
 public:
  EventLoopThread() noexcept;
  ~EventLoopThread();
  EventLoopThread(const EventLoopThread&) = delete;
  EventLoopThread& operator=(const EventLoopThread&) = delete;

 private:
  bool previous_;
};

}  // namespace soom
